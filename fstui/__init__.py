"""fstui: a keyboard-driven terminal help-desk console for Freshservice."""

__version__ = "0.1.0"
