package events

// FreeMail is a set of free-mail domains (normalised, e.g. "gmail.com"). A lead
// whose e-mail is at one of them, and who names no company domain, has no account.
type FreeMail map[string]struct{}

// Contains reports whether domain, already normalised, is a free-mail domain.
func (f FreeMail) Contains(domain string) bool {
	_, ok := f[domain]
	return ok
}

// NewFreeMail returns a set of the given domains, normalised; domains that do not
// normalise are skipped.
func NewFreeMail(domains ...string) FreeMail {
	f := make(FreeMail, len(domains))
	for _, d := range domains {
		if n, err := NormalizeDomain(d); err == nil {
			f[n] = struct{}{}
		}
	}
	return f
}

// DefaultFreeMail returns a new set of the common free-mail providers' domains;
// callers may add to it or remove from it.
func DefaultFreeMail() FreeMail {
	f := make(FreeMail, len(defaultFreeMailDomains))
	for _, d := range defaultFreeMailDomains {
		f[d] = struct{}{}
	}
	return f
}

// defaultFreeMail is the shared, read-only default used when DecodeOptions.FreeMail is nil.
var defaultFreeMail = DefaultFreeMail()

// defaultFreeMailDomains are the common consumer mail providers, already normalised.
var defaultFreeMailDomains = []string{
	// Google
	"gmail.com", "googlemail.com",
	// Yahoo and its brands
	"yahoo.com", "yahoo.co.uk", "yahoo.co.jp", "yahoo.co.in", "yahoo.com.au", "yahoo.com.br",
	"yahoo.com.mx", "yahoo.com.ar", "yahoo.com.sg", "yahoo.com.hk", "yahoo.com.tw", "yahoo.ca",
	"yahoo.de", "yahoo.fr", "yahoo.es", "yahoo.it", "yahoo.in", "yahoo.ie", "yahoo.se", "yahoo.dk",
	"yahoo.no", "yahoo.nl", "yahoo.gr", "yahoo.pl", "ymail.com", "rocketmail.com",
	// Microsoft
	"hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es",
	"hotmail.nl", "hotmail.be", "hotmail.ca", "hotmail.com.br", "hotmail.com.ar", "hotmail.co.jp",
	"outlook.com", "outlook.de", "outlook.fr", "outlook.es", "outlook.it", "outlook.jp",
	"outlook.com.br", "live.com", "live.co.uk", "live.fr", "live.de", "live.it", "live.nl",
	"live.ca", "live.com.au", "msn.com", "passport.com",
	// AOL, Apple, Proton
	"aol.com", "aol.co.uk", "aim.com", "icloud.com", "me.com", "mac.com",
	"proton.me", "protonmail.com", "protonmail.ch", "pm.me",
	// Germany, Austria, Switzerland
	"gmx.de", "gmx.net", "gmx.com", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de",
	"posteo.de", "mailbox.org", "arcor.de", "bluewin.ch",
	// Russia and eastern Europe
	"mail.ru", "bk.ru", "list.ru", "inbox.ru", "yandex.ru", "yandex.com", "ya.ru", "rambler.ru",
	"seznam.cz", "email.cz", "centrum.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "ukr.net",
	// China, Korea, Japan, India
	"qq.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com", "aliyun.com",
	"foxmail.com", "naver.com", "daum.net", "hanmail.net", "nate.com", "rediffmail.com",
	// Others
	"zoho.com", "zohomail.com", "fastmail.com", "fastmail.fm", "hey.com", "tutanota.com",
	"tutanota.de", "tuta.io", "tuta.com", "mail.com", "email.com", "usa.com", "gmx.us",
	"orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "libero.it", "virgilio.it",
	"tiscali.it", "alice.it", "btinternet.com", "sky.com", "virginmedia.com", "ntlworld.com",
	"comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net", "cox.net",
	"charter.net", "earthlink.net", "juno.com", "shaw.ca", "rogers.com", "sympatico.ca",
	"bigpond.com", "optusnet.com.au", "xtra.co.nz", "uol.com.br", "bol.com.br", "terra.com.br",
	"inbox.com", "lycos.com", "mailinator.com", "guerrillamail.com", "hushmail.com", "runbox.com",
}
