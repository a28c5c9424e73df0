"""Lazily loaded model-based scorers; torch is imported only inside functions of these modules."""
