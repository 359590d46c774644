"""What a crisis reply of each kind must name (issue #4), for the unit and end-to-end tests."""

from bot.content import help_resources


def expected_numbers() -> dict:
    r = help_resources()
    return {
        "suicide": [r["zelfmoordpreventie_113"]["phone"], r["zelfmoordpreventie_113"]["phone_free"]],
        "geweld": [r["veilig_thuis"]["phone"]],
        "seksueel": [r["veilig_thuis"]["phone"], r["politie"]["phone"]],
        "acuut": [r["alarm_112"]["phone"]],
        "kind": [r["kindertelefoon"]["phone"]],
    }
