// Package eventratelimit is kube-apiserver's EventRateLimit admission plugin: core Events are
// refused with 429 Too Many Requests once one of the configured token buckets, kept for the whole
// server, per namespace, per user or per event source and object, is empty.
package eventratelimit

import (
	"context"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/util/flowcontrol"
	"k8s.io/utils/clock"

	configv1alpha1 "github.com/kapi-dev/kapi/pkg/apis/eventratelimit/v1alpha1"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "EventRateLimit"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(r io.Reader) (admission.Interface, error) {
		config, err := readConfig(r)
		if err != nil {
			return nil, err
		}
		return newPlugin(config, clock.RealClock{}), nil
	})
}

type plugin struct {
	*admission.Handler
	enforcers []*enforcer
}

var _ admission.ValidationInterface = &plugin{}

func newPlugin(config *configv1alpha1.Configuration, clock flowcontrol.Clock) *plugin {
	p := &plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}
	for _, limit := range config.Limits {
		p.enforcers = append(p.enforcers, newEnforcer(limit, clock))
	}
	return p
}

var eventKind = corev1.SchemeGroupVersion.WithKind("Event").GroupKind()

// Validate charges an Event to every limit, so that each bucket counts it even when another one
// refuses it, and returns one 429 naming every empty bucket. Dry runs store nothing and are not
// charged.
func (p *plugin) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetKind().GroupKind() != eventKind || a.IsDryRun() {
		return nil
	}
	var refused []error
	for _, e := range p.enforcers {
		if err := e.accept(a); err != nil {
			refused = append(refused, err)
		}
	}
	if err := utilerrors.NewAggregate(refused); err != nil {
		return apierrors.NewTooManyRequestsError(err.Error())
	}
	return nil
}
