"""The loyalty domain: pure Python, standard library only."""
