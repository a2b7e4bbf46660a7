"""Kazakh number formats Django's own kk locale leaves out: 10 896,2 as in Kazakhstan."""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
