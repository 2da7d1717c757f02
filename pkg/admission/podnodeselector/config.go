package podnodeselector

import (
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/util/yaml"
)

// clusterDefaultKey is the configuration's key for the node selector of namespaces without the
// annotation; every other key is a namespace whose pods' node selectors must stay within its value.
const clusterDefaultKey = "clusterDefaultNodeSelector"

// config is the plugin's section of --admission-control-config-file, unversioned as upstream's:
//
//	podNodeSelectorPluginConfig:
//	  clusterDefaultNodeSelector: env=prod
//	  team-a: env=prod,team=a
type config struct {
	PodNodeSelectorPluginConfig map[string]string `json:"podNodeSelectorPluginConfig"`
}

// readConfig reads the configuration, which may be absent.
func readConfig(r io.Reader) (map[string]string, error) {
	var c config
	if r == nil {
		return nil, nil
	}
	if err := yaml.NewYAMLOrJSONDecoder(r, 4096).Decode(&c); err != nil && err != io.EOF {
		return nil, fmt.Errorf("reading the %s configuration: %w", PluginName, err)
	}
	return c.PodNodeSelectorPluginConfig, nil
}
