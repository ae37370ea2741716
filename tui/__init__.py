"""The terminal app: the Textual ``App`` that holds the screens together."""
