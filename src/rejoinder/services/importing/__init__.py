"""Bring a site's comment history over from WordPress (WXR) or Disqus (XML export).

``wordpress`` and ``disqus`` read an export into ``records.Export``: threads with their comments,
nothing stored yet. ``content`` turns the source's HTML into Rejoinder's sanitised HTML and plain
text. ``importer`` scores every comment with the spam engine, stores the threads, and can teach the
site's model from the moderation decisions the old system recorded.
"""
