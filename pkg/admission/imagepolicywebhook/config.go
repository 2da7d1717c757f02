package imagepolicywebhook

import (
	"errors"
	"fmt"
	"io"
	"time"

	"k8s.io/apimachinery/pkg/util/yaml"
)

// The bounds and defaults of the configuration's durations, as kube-apiserver's.
const (
	defaultRetryBackoff = 500 * time.Millisecond
	minRetryBackoff     = time.Duration(1)
	maxRetryBackoff     = 5 * time.Minute
	defaultAllowTTL     = 5 * time.Minute
	defaultDenyTTL      = 30 * time.Second
	minTTL              = time.Second
	maxTTL              = 30 * time.Minute
)

// The special values of a configured duration: 0 takes the default, -1 turns it off.
const (
	useDefault = time.Duration(0)
	disabled   = time.Duration(-1)
)

// webhookConfig is the plugin's configuration. Its durations are plain numbers: seconds for the
// TTLs, milliseconds for the backoff.
type webhookConfig struct {
	KubeConfigFile string        `json:"kubeConfigFile"`
	AllowTTL       time.Duration `json:"allowTTL"`
	DenyTTL        time.Duration `json:"denyTTL"`
	RetryBackoff   time.Duration `json:"retryBackoff"`
	DefaultAllow   bool          `json:"defaultAllow"`
}

// fileConfig is the configuration file, YAML or JSON, unversioned as upstream's:
//
//	imagePolicy:
//	  kubeConfigFile: /etc/kapi/image-policy.kubeconfig
//	  allowTTL: 50
//	  denyTTL: 50
//	  retryBackoff: 500
//	  defaultAllow: true
type fileConfig struct {
	ImagePolicy webhookConfig `json:"imagePolicy"`
}

// readConfig reads the configuration, which the plugin cannot do without, and turns its numbers
// into durations.
func readConfig(r io.Reader) (webhookConfig, error) {
	if r == nil {
		return webhookConfig{}, errors.New("no config specified")
	}
	var file fileConfig
	if err := yaml.NewYAMLOrJSONDecoder(r, 4096).Decode(&file); err != nil {
		return webhookConfig{}, err
	}
	c := file.ImagePolicy
	var err error
	if c.RetryBackoff, err = duration("backoff", time.Millisecond, c.RetryBackoff, minRetryBackoff, maxRetryBackoff, defaultRetryBackoff); err != nil {
		return c, err
	}
	if c.AllowTTL, err = duration("allow cache", time.Second, c.AllowTTL, minTTL, maxTTL, defaultAllowTTL); err != nil {
		return c, err
	}
	if c.DenyTTL, err = duration("deny cache", time.Second, c.DenyTTL, minTTL, maxTTL, defaultDenyTTL); err != nil {
		return c, err
	}
	return c, nil
}

// duration scales a configured number into a duration within (low, high].
func duration(name string, unit, value, low, high, def time.Duration) (time.Duration, error) {
	switch value {
	case disabled:
		return 0, nil
	case useDefault:
		return def, nil
	}
	value *= unit
	if value <= low || value > high {
		return value, fmt.Errorf("valid value is between %v and %v, got %v", low, high, value)
	}
	return value, nil
}
