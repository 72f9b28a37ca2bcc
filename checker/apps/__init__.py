"""The programs on top: the command line (``python -m checker``), the staff checker's browser
module (``checker.apps.web``) and the owner's desk (``checker.apps.desk``)."""
