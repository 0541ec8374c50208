"""Text for people, in Thai or English: number, money and date formats (and, later, the message catalogue).

Used at the edges only (the screens and the receipt); the domain and the services hand over values and codes.
"""
