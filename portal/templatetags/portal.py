from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (keeps filters across pages)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def history_reason(code) -> str:
    """A history record's change reason in Chinese (portal.history), blank for none."""
    from portal.history import reason_label

    return reason_label(code)
