// Package runtimeclass is kube-apiserver's RuntimeClass admission plugin: a pod naming a
// RuntimeClass gets the class's pod overhead and scheduling constraints (node selector and
// tolerations), and a pod cannot declare an overhead its class does not define.
package runtimeclass

import (
	"context"
	"errors"
	"io"

	corev1 "k8s.io/api/core/v1"
	nodev1 "k8s.io/api/node/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	nodev1listers "k8s.io/client-go/listers/node/v1"

	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "RuntimeClass"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create)}, nil
	})
}

type plugin struct {
	*admission.Handler
	lister nodev1listers.RuntimeClassLister
	client kubernetes.Interface
}

var (
	_ admission.MutationInterface                  = &plugin{}
	_ admission.ValidationInterface                = &plugin{}
	_ initializer.WantsExternalKubeClientSet       = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

func (p *plugin) SetExternalKubeClientSet(client kubernetes.Interface) { p.client = client }

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Node().V1().RuntimeClasses()
	p.lister = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) ValidateInitialization() error {
	if p.lister == nil {
		return errors.New("missing RuntimeClass lister")
	}
	if p.client == nil {
		return errors.New("missing RuntimeClass client")
	}
	return nil
}

// Admit copies the class's overhead and scheduling into the pod.
func (p *plugin) Admit(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	pod, class, err := p.objects(ctx, a)
	if pod == nil || err != nil {
		return err
	}
	if err := setOverhead(a, pod, class); err != nil {
		return err
	}
	return setScheduling(a, pod, class)
}

// Validate checks that the pod's overhead is exactly its class's, after mutating webhooks.
func (p *plugin) Validate(ctx context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	pod, class, err := p.objects(ctx, a)
	if pod == nil || err != nil {
		return err
	}
	if class != nil && class.Overhead != nil {
		if !apiequality.Semantic.DeepEqual(class.Overhead.PodFixed, pod.Spec.Overhead) {
			return podadmission.Forbidden(a, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead")
		}
		return nil
	}
	if pod.Spec.Overhead != nil {
		return podadmission.Forbidden(a, "pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead")
	}
	return nil
}

// objects returns the pod of a pods create and its RuntimeClass, nil when it names none; the pod
// is nil for requests the plugin does not look at.
func (p *plugin) objects(ctx context.Context, a admission.Attributes) (*corev1.Pod, *nodev1.RuntimeClass, error) {
	if !podadmission.IsPods(a) {
		return nil, nil, nil
	}
	pod, ok := a.GetObject().(*corev1.Pod)
	if !ok {
		return nil, nil, apierrors.NewBadRequest("Resource was marked with kind Pod but was unable to be converted")
	}
	if pod.Spec.RuntimeClassName == nil {
		return pod, nil, nil
	}
	name := *pod.Spec.RuntimeClassName
	class, err := p.lister.Get(name)
	if apierrors.IsNotFound(err) {
		// The informer may not have seen a class created just before the pod.
		class, err = p.client.NodeV1().RuntimeClasses().Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return pod, nil, podadmission.Forbidden(a, "pod rejected: RuntimeClass %q not found", name)
		}
	}
	return pod, class, err
}

func setOverhead(a admission.Attributes, pod *corev1.Pod, class *nodev1.RuntimeClass) error {
	if class == nil || class.Overhead == nil {
		return nil
	}
	if len(pod.Spec.Overhead) > 0 && !apiequality.Semantic.DeepEqual(class.Overhead.PodFixed, pod.Spec.Overhead) {
		return podadmission.Forbidden(a, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead")
	}
	pod.Spec.Overhead = class.Overhead.PodFixed.DeepCopy()
	return nil
}

func setScheduling(a admission.Attributes, pod *corev1.Pod, class *nodev1.RuntimeClass) error {
	if class == nil || class.Scheduling == nil {
		return nil
	}
	selector := pod.Spec.NodeSelector
	if selector == nil {
		selector = make(map[string]string, len(class.Scheduling.NodeSelector))
	}
	for key, value := range class.Scheduling.NodeSelector {
		if podValue, ok := selector[key]; ok && podValue != value {
			return podadmission.Forbidden(a, "conflict: runtimeClass.scheduling.nodeSelector[%s] = %s; pod.spec.nodeSelector[%s] = %s", key, value, key, podValue)
		}
		selector[key] = value
	}
	if len(selector) > 0 {
		pod.Spec.NodeSelector = selector
	}
	pod.Spec.Tolerations = podadmission.MergeTolerations(pod.Spec.Tolerations, class.Scheduling.Tolerations)
	return nil
}
