"""The Assessment step: complaint, scores, pain drawing, health record and screening."""
