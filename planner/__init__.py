"""Needleplan: treatment planning for neck, shoulder and upper-back pain."""

__version__ = "0.1.0"
