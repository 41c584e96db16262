"""The Patient step: the patient list, the details summary, the patient dialog and its undo."""
