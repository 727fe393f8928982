"""Word tables for the time tagger (TimeML/TIMEX3 conventions, TempEval-3
annotation guidelines). Edit these to extend the tagger; the engine is in
``times.py``."""

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "several": "X", "few": "X",
    "a few": "X", "many": "X", "some": "X",
}

#: unit word -> (TIMEX3 duration letter, is a time-of-day unit)
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True),
    "day": ("D", False), "week": ("W", False), "month": ("M", False),
    "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False),
}

#: words that may stand before a duration and belong to it ("roughly three weeks")
DURATION_MODIFIERS = ("roughly", "about", "around", "nearly", "almost", "some", "more than",
                      "less than", "over", "at least", "up to", "approximately", "just over",
                      "just under", "the past", "the last", "the next", "the previous", "the first")

#: season word -> (TIMEX3 code, first month, last month)
SEASONS = {"spring": ("SP", 3, 5), "summer": ("SU", 6, 8), "fall": ("FA", 9, 11),
           "autumn": ("FA", 9, 11), "winter": ("WI", 12, 2)}

#: part-of-month modifier -> (first day, last day or None for the month's end)
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "mid-": (11, 20), "late": (21, None),
               "the beginning of": (1, 10), "the start of": (1, 10), "the middle of": (11, 20),
               "the end of": (21, None)}

#: single words with a fixed reference value
REFERENCE_WORDS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "recently": "PAST_REF",
                   "lately": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
                   "soon": "FUTURE_REF", "the future": "FUTURE_REF", "the past": "PAST_REF",
                   "present": "PRESENT_REF", "nowadays": "PRESENT_REF"}

#: day words relative to the anchor
DAY_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

#: "last/this/next" -> step
RELATIVE_STEPS = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0,
                  "next": 1, "coming": 1, "following": 1}

#: prepositions that may open a date and belong to its span in the gold ("since December")
OPEN_INTERVAL_WORDS = ("since",)

#: frequency words (TIMEX3 SET)
SETS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
        "hourly": "PT1H", "every day": "P1D", "every week": "P1W", "every month": "P1M",
        "every year": "P1Y", "each day": "P1D", "each week": "P1W", "nightly": "P1D"}
