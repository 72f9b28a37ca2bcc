"""The routine's versions: each published version's answers as a record, what changed between
two of them, and the version number a change needs. Imports the model and the engine."""
