"""The policy lab (issue 16): replay the region's history under another policy.

- ``geschiedenis``: the history as the pure replay needs it, read from the audit trail
  (pool entries and exits, kandidaat versions, voordrachtmomenten with strikes and declines);
- ``actions``: run a proposal against the region's own policy, store the run with its policy
  and results (so a decision can cite it), list and read runs, XLSX.
"""
