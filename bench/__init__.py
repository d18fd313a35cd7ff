"""`make bench` (python -m bench): the portal at city scale on PostgreSQL, through gunicorn, in one run.

Extension points (all in bench/scenarios.py, plain lists of records):
  scenario(name, user, path)          a GET latency row (median, p95) measured at every scale
  FORM_POST = FormPost(...)           the logged-in form POST whose wrk rate is compared with the bare view
  sweep(name, "app.module.callable")  a timed callable (the reminder sweep), run once at the last scale
The data set comes from `manage.py seed_scale` (portal/scale.py), which apps extend with @scale_step.
"""
