"""What goes wrong in a backup or a restore, said so an operator can act on it."""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""
