// Package serviceaccount is kube-apiserver's ServiceAccount admission plugin: it gives every pod a
// service account (default "default"), refuses pods whose service account does not exist, mounts
// the account's API credentials as a projected kube-api-access-* volume, copies the account's
// image pull secrets, and keeps mirror pods away from service accounts and secrets.
package serviceaccount

import (
	"context"
	"errors"
	"io"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/apiserver/pkg/storage/names"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corev1listers "k8s.io/client-go/listers/core/v1"

	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "ServiceAccount"

// DefaultServiceAccountName is the account a pod that names none runs as.
const DefaultServiceAccountName = "default"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return newPlugin(), nil
	})
}

// plugin does both halves: Admit defaults and mounts, Validate checks references, so that a
// mutating webhook between the two cannot smuggle in a secret the account does not allow.
type plugin struct {
	*admission.Handler
	client         kubernetes.Interface
	accounts       corev1listers.ServiceAccountLister
	generateVolume func(prefix string) string
}

var (
	_ admission.MutationInterface                  = &plugin{}
	_ admission.ValidationInterface                = &plugin{}
	_ admission.InitializationValidator            = &plugin{}
	_ initializer.WantsExternalKubeClientSet       = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

func newPlugin() *plugin {
	return &plugin{
		Handler:        admission.NewHandler(admission.Create, admission.Update),
		generateVolume: names.SimpleNameGenerator.GenerateName,
	}
}

func (p *plugin) SetExternalKubeClientSet(client kubernetes.Interface) { p.client = client }

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Core().V1().ServiceAccounts()
	p.accounts = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) ValidateInitialization() error {
	if p.client == nil {
		return errors.New("missing client")
	}
	if p.accounts == nil {
		return errors.New("missing serviceAccountLister")
	}
	return nil
}

// Admit defaults and mounts on create only; other writes cannot change what it sets.
func (p *plugin) Admit(ctx context.Context, a admission.Attributes, o admission.ObjectInterfaces) error {
	pod, ok := p.pod(a)
	if !ok || a.GetOperation() != admission.Create {
		return nil
	}
	if isMirrorPod(pod) {
		return p.Validate(ctx, a, o)
	}
	if pod.Spec.ServiceAccountName == "" {
		pod.Spec.ServiceAccountName = DefaultServiceAccountName
		// kube-apiserver's internal pod has one field, which its v1 conversion writes to both.
		pod.Spec.DeprecatedServiceAccount = DefaultServiceAccountName
	}
	account, err := p.lookUp(ctx, a, pod.Spec.ServiceAccountName)
	if err != nil {
		return err
	}
	if automount(account, pod) {
		p.mountToken(pod)
	}
	if len(pod.Spec.ImagePullSecrets) == 0 && len(account.ImagePullSecrets) > 0 {
		pod.Spec.ImagePullSecrets = make([]corev1.LocalObjectReference, len(account.ImagePullSecrets))
		for i, s := range account.ImagePullSecrets {
			pod.Spec.ImagePullSecrets[i] = corev1.LocalObjectReference{Name: s.Name}
		}
	}
	return p.Validate(ctx, a, o)
}

// Validate checks that the account exists and, where it asks for it, that the pod only uses the
// secrets the account lists; mirror pods may use neither.
func (p *plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	pod, ok := p.pod(a)
	if !ok {
		return nil
	}
	if a.GetOperation() == admission.Update && a.GetSubresource() == "ephemeralcontainers" {
		return p.validateEphemeralContainers(ctx, a, pod)
	}
	if a.GetOperation() != admission.Create {
		return nil
	}
	if isMirrorPod(pod) {
		return validateMirrorPod(a, pod)
	}
	account, err := p.lookUp(ctx, a, pod.Spec.ServiceAccountName)
	if err != nil {
		return err
	}
	if !enforcesMountableSecrets(account) {
		return nil
	}
	if err := checkSecretReferences(account, pod); err != nil {
		return admission.NewForbidden(a, err)
	}
	return nil
}

func (p *plugin) validateEphemeralContainers(ctx context.Context, a admission.Attributes, pod *corev1.Pod) error {
	account, err := p.lookUp(ctx, a, pod.Spec.ServiceAccountName)
	if err != nil {
		return err
	}
	if !enforcesMountableSecrets(account) {
		return nil
	}
	if err := checkEphemeralSecretReferences(account, pod); err != nil {
		return admission.NewForbidden(a, err)
	}
	return nil
}

// pod returns the pod of a request this plugin looks at: pods, and their ephemeralcontainers.
func (p *plugin) pod(a admission.Attributes) (*corev1.Pod, bool) {
	if !podadmission.IsPodsOrSubresource(a, "ephemeralcontainers") {
		return nil, false
	}
	pod, ok := a.GetObject().(*corev1.Pod)
	return pod, ok
}

// automount tells whether the pod gets API credentials: the pod's choice wins over the account's,
// and both default to yes.
func automount(account *corev1.ServiceAccount, pod *corev1.Pod) bool {
	if pod.Spec.AutomountServiceAccountToken != nil {
		return *pod.Spec.AutomountServiceAccountToken
	}
	if account.AutomountServiceAccountToken != nil {
		return *account.AutomountServiceAccountToken
	}
	return true
}
