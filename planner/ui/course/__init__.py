"""The Course step: sessions, frequency, reviews and dates, with the evidence."""
