"""Matching helpers the rule kinds and readers share: phrase lists with inflections,
literal alternations, bounded scans, and regular expressions checked or run in linear time."""
