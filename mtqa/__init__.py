"""mtqa: quality checks for machine-translated text.

Importing the package is cheap: models and NLP pipelines load lazily, on first use.
"""

__version__ = "0.1.0"
