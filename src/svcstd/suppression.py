"""Inline suppression comments. Minimal first version; the semantic-rules work fills it in."""

from __future__ import annotations


def parse(text: str):
    return None


def apply(findings, directives, file, config):
    return list(findings)
