"""The Visits step: each treatment logged, with pain before and after and SOAP notes."""
