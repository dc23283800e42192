"""kultur3: the workshop tool for «Kulturskole 3.0»."""

__version__ = "0.1.0"
