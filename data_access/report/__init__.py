"""The quarterly notice (通报) written by the product: drafted from the store, checked, rendered as .docx and PDF."""
