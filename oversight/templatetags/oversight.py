from django import template

register = template.Library()


@register.filter
def index(sequence, i):
    return sequence[i]


@register.filter
def limit(sequence, n):
    """The first n items (all of them when n is None)."""
    return sequence if n is None else sequence[:n]


@register.filter
def pct(value):
    return "—" if value is None else f"{value * 100:.1f}%"
