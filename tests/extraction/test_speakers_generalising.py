"""Speakers found in the general form of issue 11's classes, on invented articles."""

from __future__ import annotations

from claims.extraction import extract


def speakers(text: str, lang: str) -> list[str | None]:
    return [quote.speaker for quote in extract(text, lang=lang).quotes]


# Indonesian: titles, positions and organisation words are no part of the name


def test_organisation_acronym_between_title_and_name_is_no_part_of_the_name() -> None:
    text = (
        "Penyidik memeriksa tiga saksi pada Senin.\n"
        '"Pemeriksaan berjalan lancar dan tertib," kata Jubir KPK Dimas Arya Putra kepada '
        "wartawan."
    )
    assert speakers(text, "id") == ["Dimas Arya Putra"]


def test_title_of_a_body_without_a_name_refers_to_the_person_introduced_before() -> None:
    text = (
        "Anggota DPR RI Fraksi Partai Mawar, Galang Perdana, membagikan bantuan di Lembang.\n"
        '"Bantuan ini untuk meringankan beban warga yang kesulitan," ujar Anggota Komisi IV '
        "DPR RI itu."
    )
    assert speakers(text, "id") == ["Galang Perdana"]


def test_initials_with_dots_are_no_acronym_of_a_body() -> None:
    text = 'Rep. T.J. Holloway said, "We will not back down on this bill."'
    assert speakers(text, "en") == ["T.J. Holloway"]


def test_lower_case_role_without_determiner_before_a_name_names_the_speaker() -> None:
    text = (
        "Sidang digelar di Pengadilan Negeri Mataram pada Selasa.\n"
        '"Terdakwa terbukti bersalah dan dihukum dua tahun," kata hakim Putu Ayu Lestari di '
        "ruang sidang."
    )
    assert speakers(text, "id") == ["Putu Ayu Lestari"]


def test_name_after_the_comma_holds_a_role_owned_by_another_name() -> None:
    text = (
        "Laporan itu masuk ke Polda pada Rabu.\n"
        '"Kami membawa semua bukti yang diperlukan," kata pengacara Wiranto, Hendra Gunawan, '
        "di Mapolda."
    )
    assert speakers(text, "id") == ["Hendra Gunawan"]


# English: speech cues and the speaker inside the subject


def test_manner_verbs_are_speech_cues() -> None:
    text = '"That went well," Ruiz beamed. "Rubbish," Moss scoffed at the idea.'
    assert speakers(text, "en") == ["Ruiz", "Moss"]


def test_adjective_between_article_and_name_after_the_verb_keeps_the_name() -> None:
    assert speakers('"We are done here," said a grinning Ruiz.', "en") == ["Ruiz"]


def test_role_before_the_name_after_the_verb_is_no_part_of_the_name() -> None:
    text = '"We will fix the pipes," said agency director Karen Moss in a statement.'
    assert speakers(text, "en") == ["Karen Moss"]


def test_role_of_a_body_then_a_name_after_the_comma_gives_that_name() -> None:
    text = '"We are proud of the team," said a spokeswoman for Acme, Jo Berg.'
    assert speakers(text, "en") == ["Jo Berg"]


# Indonesian: the antecedent of a pronoun-verb form is a person


def test_pronoun_verb_after_a_body_named_at_the_sentence_start_keeps_the_speaker() -> None:
    text = (
        "Menteri Perdagangan Sinta Maharani meninjau arus perdagangan beras di Bogor.\n"
        '"Stok beras aman sampai akhir tahun," kata Sinta.\n'
        "Jembatan Merah di kota itu ramai dikunjungi warga setiap akhir pekan.\n"
        '"Kami akan menambah pasokan bila harga naik," tegasnya.'
    )
    assert speakers(text, "id") == ["Sinta Maharani", "Sinta Maharani"]


def test_pronoun_verb_after_a_country_named_at_the_sentence_start_keeps_the_speaker() -> None:
    text = (
        "Direktur Utama Bank Sejahtera Lukas Wirawan memaparkan kinerja perseroan.\n"
        '"Laba kami tumbuh dua digit tahun ini," kata Lukas.\n'
        "Amerika Serikat menaikkan suku bunga acuannya pekan lalu.\n"
        '"Kami tetap berhati-hati menyalurkan kredit," ujarnya.'
    )
    assert speakers(text, "id") == ["Lukas Wirawan", "Lukas Wirawan"]


def test_country_written_right_after_a_short_name_is_no_part_of_the_name() -> None:
    text = (
        "Presiden Arman Subagja membuka sidang kabinet di Jakarta.\n"
        "Menurut Arman Indonesia harus menyiapkan pangan sejak sekarang.\n"
        '"Kita tidak punya pilihan lain," ujarnya.'
    )
    assert speakers(text, "id") == ["Arman Subagja"]


def test_portfolio_after_a_title_is_no_part_of_the_name_the_short_mentions_start() -> None:
    text = (
        "Kepala Dinas Pangan Sentosa Rina Kartika meninjau gudang pangan di Cibubur.\n"
        '"Stok aman sampai Lebaran," kata Rina.\n'
        '"Kami terus memantau harga," ujar Kepala Dinas Pangan Sentosa Rina Kartika.'
    )
    assert speakers(text, "id") == ["Rina Kartika", "Rina Kartika"]


def test_place_a_title_belongs_to_is_no_part_of_the_name() -> None:
    text = (
        "Bupati Lorong Benni Saputra meninjau jalan di Kabupaten Lorong.\n"
        '"Jalan ini harus selesai sebelum musim hujan," ujar Bupati Lorong Benni Saputra.'
    )
    assert speakers(text, "id") == ["Benni Saputra"]


# Roles: a role mention refers to someone known to hold it


def test_role_written_in_lower_case_before_a_name_is_held_by_that_person() -> None:
    text = (
        "Hukuman itu lebih ringan dari tuntutan jaksa penuntut umum (JPU) Sekar Ayu Wulandari "
        "yang menuntut tiga tahun penjara.\n"
        "Terdakwa Joko Susanto menerima putusan itu.\n"
        '"Kami akan pikir-pikir dulu soal banding," lanjut jaksa.'
    )
    assert speakers(text, "id") == ["Sekar Ayu Wulandari"]


def test_role_before_a_name_is_read_on_its_line_after_a_short_paragraph() -> None:
    # The paragraph before ends within a role's reach of the name: the role is read on the
    # name's own line, not lost because a line break stands in the window.
    text = (
        "Sidang ditunda.\n"
        "Tuntutan jaksa penuntut umum Sekar Ayu Wulandari dibacakan.\n"
        "Terdakwa Joko Susanto menerima putusan itu.\n"
        '"Kami akan pikir-pikir dulu soal banding," lanjut jaksa.'
    )
    assert speakers(text, "id") == ["Sekar Ayu Wulandari"]


def test_role_without_a_holder_after_people_without_roles_names_no_one() -> None:
    text = (
        "Ana Ruiz spoke first at the meeting. Then came Tom Berg, who left early.\n"
        '"It is over for this plan," the minister said.'
    )
    assert speakers(text, "en") == [None]


def test_role_refers_back_to_the_person_introduced_with_a_role() -> None:
    text = (
        "Governor Lena Ortiz toured the flooded towns on Monday.\n"
        '"We will rebuild every bridge," the former mayor said.'
    )
    assert speakers(text, "en") == ["Lena Ortiz"]


def test_short_name_shared_by_two_people_goes_to_the_one_being_quoted() -> None:
    text = (
        "Presiden Arman Subagja membuka rapat di Istana.\n"
        '"Kita harus bekerja keras," kata Arman Subagja.\n'
        "Kapolri Jenderal Listyo Andika Arman hadir dalam rapat itu bersama para menteri.\n"
        '"Target kita jelas dan terukur," ujar Arman.'
    )
    assert speakers(text, "id") == ["Arman Subagja", "Arman Subagja"]


def test_colon_after_a_clause_without_a_speech_verb_gives_its_subject() -> None:
    assert speakers('Ruiz had one word for the plan: "Disaster."', "en") == ["Ruiz"]


def test_apposition_between_name_and_verb_keeps_the_name() -> None:
    text = 'Kim Lo, who leads the trade panel, told reporters: "We will not sign this deal."'
    assert speakers(text, "en") == ["Kim Lo"]


# Inverted inquits in the Romance languages and German


def test_role_of_a_body_after_the_verb_gives_the_name_after_the_comma() -> None:
    opening = {
        "es": "El ministro Luis Pérez habló primero. ",
        "pt": "O ministro Luís Pereira falou primeiro. ",
        "it": "Il ministro Luca Rossi ha parlato. ",
    }
    cases = [
        ("es", '"No hay dinero", advirtió el gobernador del Banco de España, José Moreno.'),
        ("pt", '"É um desafio", disse o presidente do Banco Central, Gabriel Galvão.'),
        ("it", "«I conti non tornano», ha osservato il presidente dell'Inps, Paolo Tridi."),
    ]
    expected = {"es": "José Moreno", "pt": "Gabriel Galvão", "it": "Paolo Tridi"}
    for lang, quoted in cases:
        assert speakers(opening[lang] + quoted, lang) == [expected[lang]], lang


def test_role_of_a_body_without_a_name_after_it_stays_a_role() -> None:
    text = (
        "El ministro Luis Pérez habló primero. "
        '"No hay dinero", advirtió el gobernador del Banco de España, en Madrid.'
    )
    assert speakers(text, "es") != ["Madrid"]


def test_adverbs_between_the_verb_and_the_speaker_after_a_quote_are_read_past() -> None:
    cases = [
        (
            "de",
            "Die Grünen-Chefin Ricarda Lang lobte das Paket: „Das ist ein wichtiges Signal.“\n"
            "„Das reicht nicht“, kritisierte dagegen Martin Schirdewan.",
        ),
        (
            "es",
            'La líder Isabel Gómez criticó la medida: "Llega tarde y mal".\n'
            '"No hay dinero para todo", advirtió por su parte José Moreno.',
        ),
        (
            "fr",
            "Claire Dubois a répliqué : « Ce budget sacrifie les services publics. »\n"
            "« C'est une erreur historique », estime pour sa part l'économiste Paul Lefèvre.",
        ),
    ]
    expected = {"de": "Martin Schirdewan", "es": "José Moreno", "fr": "Paul Lefèvre"}
    for lang, text in cases:
        assert speakers(text, lang)[-1] == expected[lang], lang


def test_capitalised_determiner_opening_a_role_is_no_name() -> None:
    # "La" opens "La présidente du groupe", and the apposition names her; "Le Pen" stays a name.
    text = (
        "Le ministre Luc Bernard a parlé. La présidente du groupe, Claire Dubois, a fulminé : "
        "« Ce budget sacrifie les services publics. »\n"
        "« Nous voterons contre », a déclaré Marine Le Pen."
    )
    assert speakers(text, "fr") == ["Claire Dubois", "Marine Le Pen"]


def test_french_replies_are_speech_verbs() -> None:
    text = "Le ministre Luc Bernard a parlé.\n« C'est faux », a répliqué Claire Dubois."
    assert speakers(text, "fr") == ["Claire Dubois"]


# A title's portfolio or country between the title and the name


def test_portfolio_after_a_title_and_a_preposition_is_no_part_of_the_name() -> None:
    cases = [
        (
            "nl",
            'Minister van Financiën Eelco Heinen zei: "We moeten keuzes maken."',
            "Eelco Heinen",
        ),
        ("pt", 'O ministro da Fazenda Fernando Haddad disse: "Vamos cumprir."', "Fernando Haddad"),
        (
            "de",
            "Bundesminister für Wirtschaft Robert Habeck sagte: „Wir handeln.“",
            "Robert Habeck",
        ),
        (
            "es",
            'El presidente de Brasil Luiz Inácio Lula da Silva dijo: "Vamos."',
            "Luiz Inácio Lula da Silva",
        ),
    ]
    for lang, text, name in cases:
        assert speakers(text, lang) == [name], lang


def test_a_surname_after_a_title_and_its_particle_stays_the_name() -> None:
    assert speakers('Minister van Dijk zei: "We moeten keuzes maken."', "nl") == ["van Dijk"]


def test_a_person_after_a_role_of_someone_keeps_the_whole_name() -> None:
    # "el abogado de Juan Pérez García": whose lawyer, not a portfolio.
    text = 'El abogado de Juan Pérez García habló. "Es inocente", dijo Juan Pérez García.'
    assert speakers(text, "es") == ["Juan Pérez García"]


def test_dutch_compound_ending_in_a_title_is_a_title() -> None:
    assert speakers('Oppositieleider Frans Timmermans zei: "Dit faalt."', "nl") == [
        "Frans Timmermans"
    ]


def test_pronoun_inside_the_verb_phrase_after_a_short_quote_is_its_speaker() -> None:
    text = "Anna Weber leitet das Institut. „Wir brauchen mehr Geld“, sagte sie."
    assert speakers(text, "de") == ["Anna Weber"]


def test_rank_inside_a_run_takes_a_single_name() -> None:
    text = (
        "Kapolda Metro Jaya Irjen Karyoto mengatakan pelaku sudah ditangkap. "
        '"Pelaku kami amankan di rumahnya," ujar Karyoto kepada wartawan.'
    )
    assert speakers(text, "id") == ["Karyoto"]


def test_ministry_title_is_no_part_of_the_name() -> None:
    text = '"Kami akan tindak tegas," kata Menteri Dalam Negeri Tito Karnavian di Jakarta.'
    assert speakers(text, "id") == ["Tito Karnavian"]


def test_according_to_a_role_of_a_body_names_the_person_after_the_comma() -> None:
    text = "Selon la ministre de la Culture, Rachida Dati, « le patrimoine est en danger »."
    assert speakers(text, "fr") == ["Rachida Dati"]
