"""The Progress step: pain, disability and function over time, with review decisions."""
