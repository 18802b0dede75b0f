package synth

import "strings"

// Word lists for company domains and names. A domain is built from one word of
// each of domainHeads and domainTails, an industry suffix and a country TLD,
// e.g. "northwind-analytics.io"; see market.go for how uniqueness is kept.
var (
	domainHeads = strings.Fields(`north blue bright iron silver golden red green clear swift
		true open high deep cedar maple oak pine river lake summit sun star moon cloud
		storm rain snow frost ember spark flint copper cobalt amber coral jade onyx pearl
		quartz ruby sage ivy fern willow birch aspen harbor bay cape delta mesa canyon
		prairie meadow orchard falcon hawk eagle raven fox wolf bear lynx otter heron
		crane arrow anchor beacon compass lantern bridge tower forge mill nova zen kite
		atlas orbit pixel vector signal echo polar alpine coastal urban metro lumen
		solar lunar terra aqua vita nimbus zephyr sierra everest olympus granite slate
		basalt marble velvet indigo crimson scarlet azure teal violet saffron hazel
		juniper laurel myrtle thistle clover`)
	domainTails = strings.Fields(`wind peak field wave line path ridge rock light spring
		brook wood vale crest port ford shore view well haven hill leaf bloom root
		stream way loop grid base mark scale shift sense wise craft beam core nest dale
		moor glen bridge run gate point side top fall lane row yard works bit mint
		star`)
)

// industrySuffixes holds, per industry (same order as industries), eight
// disjoint words that end a company name: "Northwind Analytics".
var industrySuffixes = map[string][]string{
	"software":      strings.Fields("analytics labs software systems cloud data dev technologies"),
	"saas":          strings.Fields("app hq stack suite platform ops desk online"),
	"ecommerce":     strings.Fields("shop store market goods cart outfitters supply brands"),
	"fintech":       strings.Fields("pay finance capital ledger money wallet credit bank"),
	"manufacturing": strings.Fields("industries manufacturing machines metals engineering components fabrication tools"),
	"healthcare":    strings.Fields("health care medical clinic bio pharma diagnostics therapeutics"),
	"consulting":    strings.Fields("consulting advisors partners group associates strategy consultants advisory"),
	"retail":        strings.Fields("retail outlet merchants apparel home living foods mart"),
	"logistics":     strings.Fields("logistics freight shipping transport cargo fleet express carriers"),
	"media":         strings.Fields("media studios news press pictures publishing broadcasting records"),
	"education":     strings.Fields("academy learning school institute college education campus tutors"),
	"telecom":       strings.Fields("telecom networks mobile wireless connect fiber broadband link"),
	"government":    strings.Fields("agency council county authority city municipality ministry commission"),
	"energy":        strings.Fields("energy power solar renewables utilities electric fuels resources"),
	"insurance":     strings.Fields("insurance assurance mutual underwriters cover risk protect benefits"),
	"real_estate":   strings.Fields("properties realty estates homes housing development residential spaces"),
	"hospitality":   strings.Fields("travel hotels hospitality trips tours resorts stays journeys"),
}

// suffixCount is the number of suffixes of every industry.
const suffixCount = 8

// legalForms gives, per country, company-name endings and how often one is used.
var legalForms = map[string][]string{
	"US": {"Inc.", "LLC", "Corp."}, "GB": {"Ltd", "plc"}, "DE": {"GmbH", "AG"},
	"FR": {"SAS", "SA"}, "NL": {"B.V."}, "ES": {"S.L."}, "IT": {"S.r.l.", "S.p.A."},
	"SE": {"AB"}, "BR": {"Ltda."}, "JP": {"K.K."}, "IN": {"Pvt Ltd"}, "AU": {"Pty Ltd"},
	"SG": {"Pte Ltd"}, "CA": {"Inc."},
}

// forenames and surnames by locale; names may carry accents, e-mails are folded
// to ASCII.
var (
	forenames = map[string][]string{
		"en": strings.Fields("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Chris Karen Daniel Emily Matthew Olivia Andrew Hannah Ryan Grace Ethan Chloe Noah Ava"),
		"de": strings.Fields("Lukas Anna Jonas Lea Leon Hannah Finn Laura Paul Julia Felix Sophie Maximilian Marie Tobias Katharina Jan Lena Florian Sarah Stefan Johanna Moritz Miriam"),
		"fr": strings.Fields("Louis Emma Gabriel Jade Arthur Louise Hugo Alice Jules Chloé Lucas Léa Théo Manon Nathan Camille Mathis Inès Raphaël Zoé Antoine Élodie Julien Margaux"),
		"es": strings.Fields("Hugo Lucía Martín María Pablo Paula Daniel Sofía Alejandro Carmen Javier Elena Diego Laura Álvaro Marta Adrián Irene Sergio Claudia Jorge Andrea Carlos Nuria"),
		"pt": strings.Fields("João Ana Pedro Beatriz Lucas Mariana Gabriel Júlia Rafael Larissa Mateus Camila Gustavo Fernanda Felipe Letícia Thiago Bruna Rodrigo Amanda Bruno Carolina"),
		"it": strings.Fields("Leonardo Sofia Francesco Giulia Alessandro Aurora Lorenzo Alice Matteo Ginevra Andrea Emma Gabriele Giorgia Riccardo Chiara Tommaso Martina Marco Francesca"),
		"nl": strings.Fields("Daan Emma Sem Julia Lucas Mila Levi Tess Finn Sophie Milan Zoë Jesse Sara Thijs Anna Ruben Lotte Bram Fleur Sven Eva"),
		"sv": strings.Fields("William Alice Lucas Maja Liam Elsa Oscar Astrid Elias Wilma Hugo Freja Oliver Ebba Axel Saga Erik Ingrid Nils Linnea Anders Karin"),
		"ja": strings.Fields("Haruto Yui Sota Hina Yuto Mei Riku Aoi Kaito Sakura Ren Yuna Hiroshi Keiko Takeshi Yumi Kenji Akiko Daiki Naomi"),
		"in": strings.Fields("Aarav Ananya Vihaan Diya Arjun Priya Rohan Isha Aditya Kavya Rahul Neha Vikram Pooja Sanjay Shreya Karan Meera Amit Divya Nikhil Sneha"),
	}
	surnames = map[string][]string{
		"en": strings.Fields("Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Walker Hall Young King Wright Scott Green Baker Adams Nelson Carter Mitchell Roberts"),
		"de": strings.Fields("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Werner"),
		"fr": strings.Fields("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard Bonnet Lambert"),
		"es": strings.Fields("García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres"),
		"pt": strings.Fields("Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias"),
		"it": strings.Fields("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De_Luca Mancini Costa Giordano Rizzo Lombardi Moretti"),
		"nl": strings.Fields("De_Jong Jansen De_Vries Van_den_Berg Van_Dijk Bakker Janssen Visser Smit Meijer De_Boer Mulder De_Groot Bos Vos Peters Hendriks Van_Leeuwen Dekker Brouwer"),
		"sv": strings.Fields("Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson Jansson Hansson Bengtsson Lindberg Lindström Lindqvist"),
		"ja": strings.Fields("Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu"),
		"in": strings.Fields("Sharma Verma Gupta Patel Singh Kumar Reddy Iyer Nair Mehta Shah Joshi Rao Das Banerjee Chatterjee Mukherjee Kapoor Malhotra Agarwal Bose Pillai"),
	}
)

// countryLocale maps a country to the locale its leads' names are mostly from.
var countryLocale = map[string]string{
	"DE": "de", "AT": "de", "CH": "de", "FR": "fr", "BE": "nl", "NL": "nl", "ES": "es",
	"MX": "es", "BR": "pt", "PT": "pt", "IT": "it", "SE": "sv", "DK": "sv", "NO": "sv",
	"JP": "ja", "IN": "in",
}

// locales lists every locale in a fixed order, for mixed-origin names.
var locales = []string{"en", "de", "fr", "es", "pt", "it", "nl", "sv", "ja", "in"}

func init() {
	for _, l := range locales { // "De_Jong" → "De Jong"
		for i, n := range surnames[l] {
			surnames[l][i] = strings.ReplaceAll(n, "_", " ")
		}
	}
}

// fold maps a name to the lower-case ASCII used in e-mail local parts.
func fold(dst []byte, name string) []byte {
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			dst = append(dst, byte(r))
		case r >= 'A' && r <= 'Z':
			dst = append(dst, byte(r)+'a'-'A')
		case r == ' ' || r == '-' || r == '\'':
			// dropped: "De Jong" → "dejong"
		default:
			if a, ok := asciiFold[r]; ok {
				dst = append(dst, a)
			}
		}
	}
	return dst
}

var asciiFold = map[rune]byte{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'Á': 'a', 'Å': 'a',
	'ç': 'c', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'É': 'e', 'ì': 'i', 'í': 'i',
	'î': 'i', 'ï': 'i', 'ñ': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o',
	'ø': 'o', 'Ö': 'o', 'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'Ü': 'u', 'ß': 's',
	'Ä': 'a', 'Ë': 'e', 'Ï': 'i', 'Ø': 'o', 'Ú': 'u', 'Í': 'i', 'Ó': 'o',
}
