"""Reading an NGO's file of concerns: which column is what, what a cell means, checks.

``columns`` guesses the mapping from the header and knows the words for
categories, sources and statuses in kk/ru/en; ``values`` turns a cell into a
value; ``checks`` checks one row; ``worker`` runs the check of every row in the
background. The writes themselves are ``community_map.services.imports``.
"""
