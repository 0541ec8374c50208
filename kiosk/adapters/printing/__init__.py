"""Receipt printing: layout of documents, Thai text as images, ESC/POS bytes, transports and status."""
