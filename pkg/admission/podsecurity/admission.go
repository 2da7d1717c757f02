// Package podsecurity is kube-apiserver's PodSecurity admission plugin: k8s.io/pod-security-admission
// evaluates pods, pod templates and namespaces against the Pod Security Standards their namespace's
// pod-security.kubernetes.io labels (or the plugin configuration's defaults) ask for.
package podsecurity

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/apiserver/pkg/audit"
	"k8s.io/apiserver/pkg/warning"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corev1listers "k8s.io/client-go/listers/core/v1"
	"k8s.io/component-base/metrics/legacyregistry"
	psa "k8s.io/pod-security-admission/admission"
	"k8s.io/pod-security-admission/admission/api/load"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/metrics"
	"k8s.io/pod-security-admission/policy"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "PodSecurity"

// Register registers the plugin; its configuration is a PodSecurityConfiguration from the
// --admission-control-config-file.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(config io.Reader) (admission.Interface, error) {
		return newPlugin(config)
	})
}

type plugin struct {
	*admission.Handler
	client     kubernetes.Interface
	namespaces corev1listers.NamespaceLister
	pods       corev1listers.PodLister
	delegate   *psa.Admission
}

var (
	_ admission.ValidationInterface                = &plugin{}
	_ initializer.WantsExternalKubeClientSet       = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

func newPlugin(config io.Reader) (*plugin, error) {
	configuration, err := load.LoadFromReader(config)
	if err != nil {
		return nil, err
	}
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		return nil, fmt.Errorf("could not create PodSecurityRegistry: %w", err)
	}
	return &plugin{
		Handler: admission.NewHandler(admission.Create, admission.Update),
		delegate: &psa.Admission{
			Configuration:    configuration,
			Evaluator:        evaluator,
			Metrics:          recorder(),
			PodSpecExtractor: psa.DefaultPodSpecExtractor{},
		},
	}, nil
}

var (
	recorderOnce   sync.Once
	sharedRecorder *metrics.PrometheusRecorder
)

// recorder returns the process's one metrics recorder: the metrics registry takes each metric once,
// and tests start several servers in one process.
func recorder() metrics.Recorder {
	recorderOnce.Do(func() {
		sharedRecorder = metrics.NewPrometheusRecorder(psaapi.GetAPIVersion())
		sharedRecorder.MustRegister(legacyregistry.MustRegister)
	})
	return sharedRecorder
}

func (p *plugin) SetExternalKubeClientSet(client kubernetes.Interface) { p.client = client }

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	namespaces := f.Core().V1().Namespaces()
	p.namespaces = namespaces.Lister()
	p.pods = f.Core().V1().Pods().Lister()
	p.SetReadyFunc(namespaces.Informer().HasSynced)
}

// ValidateInitialization finishes the library's setup, which needs the client and listers.
func (p *plugin) ValidateInitialization() error {
	if p.client == nil || p.namespaces == nil || p.pods == nil {
		return errors.New("missing client or informers")
	}
	p.delegate.PodLister = psa.PodListerFromInformer(p.pods)
	p.delegate.NamespaceGetter = psa.NamespaceGetterFromListerAndClient(p.namespaces, p.client)
	if err := p.delegate.CompleteConfiguration(); err != nil {
		return err
	}
	return p.delegate.ValidateConfiguration()
}

var applicable = map[schema.GroupResource]bool{
	corev1.Resource("pods"):       true,
	corev1.Resource("namespaces"): true,
}

// Validate passes the request to the library and turns its answer into warnings, audit
// annotations and, when it refuses, kube-apiserver's Forbidden status.
func (p *plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	gr := a.GetResource().GroupResource()
	if !applicable[gr] && !p.delegate.PodSpecExtractor.HasPodSpec(gr) {
		return nil
	}
	result := p.delegate.Validate(ctx, attributes{a})
	for _, w := range result.Warnings {
		warning.AddWarning(ctx, "", w)
	}
	if len(result.AuditAnnotations) > 0 {
		annotations := make([]string, 0, 2*len(result.AuditAnnotations))
		for k, v := range result.AuditAnnotations {
			annotations = append(annotations, psaapi.AuditAnnotationPrefix+k, v)
		}
		audit.AddAuditAnnotations(ctx, annotations...)
	}
	if result.Allowed {
		return nil
	}
	refusal := admission.NewForbidden(a, errors.New("Not allowed by PodSecurity")).(*apierrors.StatusError)
	if r := result.Result; r != nil {
		if r.Message != "" {
			refusal.ErrStatus.Message = r.Message
		}
		if r.Reason != "" {
			refusal.ErrStatus.Reason = r.Reason
		}
		if r.Details != nil {
			refusal.ErrStatus.Details = r.Details
		}
		if r.Code != 0 {
			refusal.ErrStatus.Code = r.Code
		}
	}
	return refusal
}
