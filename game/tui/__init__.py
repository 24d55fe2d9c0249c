"""The Textual terminal interface for Hengyang 1944."""
