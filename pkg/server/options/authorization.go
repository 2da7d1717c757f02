package options

import (
	"strings"

	"github.com/spf13/pflag"

	kapiauthorizer "github.com/kapi-dev/kapi/pkg/auth/authorizer"
)

// AuthorizationOptions are the authorization flags.
type AuthorizationOptions struct {
	Modes      []string
	PolicyFile string
}

// NewAuthorizationOptions returns the default authorization mode, RBAC, as kube-apiserver's.
func NewAuthorizationOptions() AuthorizationOptions {
	return AuthorizationOptions{Modes: []string{kapiauthorizer.ModeRBAC}}
}

// AddFlags adds the authorization flags to fs.
func (o *AuthorizationOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.Modes, "authorization-mode", o.Modes, "Ordered list of plug-ins to do authorization on secure port. Allowed values: "+strings.Join(kapiauthorizer.Modes.UnsortedList(), ", ")+".")
	fs.StringVar(&o.PolicyFile, "authorization-policy-file", o.PolicyFile, "File with authorization policy in json line by line format, used with --authorization-mode=ABAC, on the secure port.")
}

// Validate reports unknown or repeated modes.
func (o *AuthorizationOptions) Validate() []error {
	return kapiauthorizer.Config{Modes: o.Modes, PolicyFile: o.PolicyFile}.Validate()
}
