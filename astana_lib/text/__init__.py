"""Text: Arabic normalisation, offsets back to the original, word n-grams, term matching."""
