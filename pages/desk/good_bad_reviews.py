"""好差评: active evaluation rate, evaluations, bad reviews and their rectification."""

from govdash.desk.theme_page import theme_page

theme_page("好差评", "政务服务“好差评”：主动评价率、评价数量、差评及整改。主动评价率 = 主动评价数 / 评价总数（国办发〔2019〕51号）。")
