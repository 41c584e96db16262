"""Course planning: the recommendation, the schedule of dates, the practitioner's override,
outcome changes and the review decision."""
