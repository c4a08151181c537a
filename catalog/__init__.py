"""Every word Convivencia shows or prints, in Spanish and English (data only).

One module per area holds that area's entries, each a mapping of a key to
``{"es": ..., "en": ...}``:

- :mod:`catalog.app` -- the app's shell, the Map page and its summary;
- :mod:`catalog.data` -- the Data page (upload, report, import, history);
- :mod:`catalog.hotspots` -- the Hot spots page;
- :mod:`catalog.parks` -- the Public spaces page, the sentences of its
  recommendation and ``cli.py recommend``'s words;
- :mod:`catalog.models` -- the hot-spot results' words (method, pattern and
  unit names, the sentences of ``describe`` and ``explain``);
- :mod:`catalog.recommend_priority` -- the priority neighbourhoods and the
  articulation map (pillars, indicators, the sentence of ``explain``);
- :mod:`catalog.validation` -- the validation problems of an imported file;
- :mod:`catalog.trends` -- the Trends page, its sentences and tables, weekday and
  month names, and ``cli.py trends``'s words;
- :mod:`catalog.calendar` -- Colombia's holidays and observances, and the
  problems of a user's list of special days;
- :mod:`catalog.cli` -- the command line's messages and help.

:mod:`catalog.say` merges them into the one flat catalogue
(:data:`catalog.say.CATALOG`) and holds the only lookup, :func:`catalog.say.say`,
and the only number formatter, :func:`catalog.say.number`. Importing this
package or an area module loads no analysis, pandas or Streamlit.
"""
