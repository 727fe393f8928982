"""NLP: the spaCy parse every extractor reads, loaded once per process."""
from claimledger.nlp.model import NlpStage, load_nlp

__all__ = ["NlpStage", "load_nlp"]
