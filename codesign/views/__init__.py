"""Co-design pages: budgeting, design sessions and the architect's comparison."""
