"""The arXiv corpus: sources, the on-disk store, and the embedders that fill it."""
