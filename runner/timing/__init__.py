"""How the judge times code: one call on a device (`clock`), fresh inputs for each
timed call (`variants`), and when the user/reference ratio is settled (`stats`)."""
