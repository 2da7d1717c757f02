// Package initializer hands kapi's own settings to the admission plugins that need them, next to
// the generic initializers of k8s.io/apiserver (clients, informers, feature gates).
package initializer

import "k8s.io/apiserver/pkg/admission"

// WantsDefaultTolerationSeconds is a plugin that needs --default-not-ready-toleration-seconds and
// --default-unreachable-toleration-seconds.
type WantsDefaultTolerationSeconds interface {
	SetDefaultTolerationSeconds(notReady, unreachable int64)
	admission.InitializationValidator
}

// TolerationSeconds is the initializer for WantsDefaultTolerationSeconds.
type TolerationSeconds struct {
	NotReady, Unreachable int64
}

var _ admission.PluginInitializer = TolerationSeconds{}

// Initialize gives plugin the toleration seconds if it wants them.
func (t TolerationSeconds) Initialize(plugin admission.Interface) {
	if p, ok := plugin.(WantsDefaultTolerationSeconds); ok {
		p.SetDefaultTolerationSeconds(t.NotReady, t.Unreachable)
	}
}
