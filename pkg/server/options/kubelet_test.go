package options

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestKubeletOptions(t *testing.T) {
	file := filepath.Join(t.TempDir(), "client.crt")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		errs []string
	}{
		{args: nil},
		{args: []string{"--kubelet-preferred-address-types=InternalIP,Hostname", "--kubelet-timeout=1s"}},
		{args: []string{"--kubelet-client-certificate=" + file, "--kubelet-client-key=" + file, "--kubelet-certificate-authority=" + file}},
		{args: []string{"--kubelet-preferred-address-types=InternalIP,Public"}, errs: []string{`unknown address type "Public"`}},
		{args: []string{"--kubelet-timeout=0s"}, errs: []string{"--kubelet-timeout must be positive"}},
		{args: []string{"--kubelet-client-certificate=" + file}, errs: []string{"must be given together"}},
		{args: []string{"--kubelet-certificate-authority=/nonexistent/ca.crt"}, errs: []string{"--kubelet-certificate-authority: stat /nonexistent/ca.crt"}},
	} {
		o := NewKubeletOptions()
		fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
		o.AddFlags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		errs := o.Validate()
		if len(errs) != len(tc.errs) {
			t.Errorf("%v: %v, want %v", tc.args, errs, tc.errs)
			continue
		}
		for i, err := range errs {
			if !strings.Contains(err.Error(), tc.errs[i]) {
				t.Errorf("%v: %v, want %q", tc.args, err, tc.errs[i])
			}
		}
	}
}

func TestKubeletOptionsDefaults(t *testing.T) {
	o := NewKubeletOptions()
	c := o.Config()
	if c.Timeout != 5*time.Second || len(c.PreferredAddressTypes) != 5 || c.PreferredAddressTypes[0] != "Hostname" {
		t.Errorf("defaults = %+v, want kube-apiserver's", c)
	}
}
