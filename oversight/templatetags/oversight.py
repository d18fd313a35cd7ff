from django import template

register = template.Library()


@register.filter
def pct(value):
    """A share 0..1 as a percentage with one decimal; '—' without data."""
    return "—" if value is None else f"{value * 100:.1f}%"
