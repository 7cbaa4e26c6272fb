"""Stories: articles of several outlets about one event, grouped before claims are compared.

Two articles belong to one story when their title and lead say nearly the same (cosine of
the `story_text` embeddings, average linkage against the story's members), they do not name
different countries, nor two different towns with no proper name in common (`story_features`:
countries.py, names.py; optionally spaCy's named entities), and they were published close
together: within `story_core_days` (5) of the story's first article on content alone, and up
to `story_window_days` (60) when their ledes (title and first sentence, text.lede) do not
report on another period (periods.py). A developing story (a withdrawal reported in August
and again in October) stays one story; next week's jobless claims or next month's jobs
report, which read almost the same but name another reporting period ("last week", "in
April"), open stories of their own; so do two fires told in the same words in two towns.

Modules: text (story_text, lede), countries, names (proper names, places), periods, features
(story_features: all of them, per article, stored), grouping (build_stories), labels.

The grouping is a pure function of the *set* of articles. Articles are put in one canonical
order, oldest first by (date, id) with undated articles last, and visited in that order:
each joins the best existing story it links to, or founds a new one. So

- any order of the inputs gives the same stories (ties go to the older story);
- a story's id is a hash of its founding article (its oldest), so adding later articles to
  an archive never changes an existing story's id or membership (an article older than a
  story's founder, ingested late, may re-found it: that is the one way an id changes);
- the work is linear: candidate stories of an article are those of its k nearest
  neighbours (`claimdiff.neighbours.knn`, either end of the edge), never all pairs, and the
  average similarity to a story is one dot product with the running sum of its members'
  vectors. (Growth is exactly stable while an article has fewer than NEIGHBOURS neighbours
  above the link floor; past that, many later near-copies could push all of its older story
  mates out of its neighbour list.)

Undated articles (no metadata, no date line) cannot be placed in time. They are visited
after every dated one and may join any story, dated or not, on content and entities alone,
but only with a stricter link (`UNDATED_MARGIN` above the threshold), because the date is
exactly what tells this month's report from last month's.
"""

from claimdiff.stories.features import (FEATURES_VERSION, countries, normalise_entity,
                                        story_features)
from claimdiff.stories.grouping import (ENTITY_PIVOT, ENTITY_WEIGHT, NEIGHBOURS, UNDATED_MARGIN,
                                        build_stories, link_score)
from claimdiff.stories.labels import LABEL_WORDS, story_label
from claimdiff.stories.periods import reporting_periods
from claimdiff.stories.text import LEAD_CHARS, LEAD_WORDS, story_text

__all__ = ["FEATURES_VERSION", "countries", "normalise_entity", "story_features", "ENTITY_PIVOT", "ENTITY_WEIGHT",
           "NEIGHBOURS", "UNDATED_MARGIN", "build_stories", "link_score", "LABEL_WORDS", "story_label",
           "reporting_periods", "LEAD_CHARS", "LEAD_WORDS", "story_text"]
