package options

import (
	"github.com/spf13/pflag"
)

// AuthenticationOptions are the authentication flags.
type AuthenticationOptions struct {
	ClientCAFile  string
	TokenAuthFile string
	Anonymous     bool
}

// NewAuthenticationOptions returns kube-apiserver's authentication defaults.
func NewAuthenticationOptions() AuthenticationOptions {
	return AuthenticationOptions{Anonymous: true}
}

// AddFlags adds the authentication flags to fs.
func (o *AuthenticationOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.ClientCAFile, "client-ca-file", o.ClientCAFile, "If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate.")
	fs.StringVar(&o.TokenAuthFile, "token-auth-file", o.TokenAuthFile, "If set, the file that will be used to secure the secure port of the API server via token authentication.")
	fs.BoolVar(&o.Anonymous, "anonymous-auth", o.Anonymous, "Enables anonymous requests to the secure port of the API server. Requests that are not rejected by another authentication method are treated as anonymous requests. Anonymous requests have a username of system:anonymous, and a group name of system:unauthenticated.")
}
