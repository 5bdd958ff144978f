"""民主评议: scoring rounds and their rules (rounds, codes), the ballot box (ballot_box), the
organiser's and evaluator's pages' panels (organiser, score_sheet), and the published window-unit
reports compared side by side (window_units, reports)."""
