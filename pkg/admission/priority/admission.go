// Package priority is kube-apiserver's Priority admission plugin: a pod's priorityClassName (or the
// cluster's globalDefault PriorityClass) becomes its integer priority and preemption policy, and at
// most one PriorityClass may be the global default.
package priority

import (
	"context"
	"errors"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/client-go/informers"
	schedulingv1listers "k8s.io/client-go/listers/scheduling/v1"

	"github.com/kapi-dev/kapi/pkg/admission/internal/podadmission"
)

// PluginName is the plugin's name in --enable-admission-plugins.
const PluginName = "Priority"

// Register registers the plugin.
func Register(plugins *admission.Plugins) {
	plugins.Register(PluginName, func(io.Reader) (admission.Interface, error) {
		return &plugin{Handler: admission.NewHandler(admission.Create, admission.Update, admission.Delete)}, nil
	})
}

type plugin struct {
	*admission.Handler
	lister schedulingv1listers.PriorityClassLister
}

var (
	_ admission.MutationInterface                  = &plugin{}
	_ admission.ValidationInterface                = &plugin{}
	_ initializer.WantsExternalKubeInformerFactory = &plugin{}
)

var (
	podsResource            = corev1.Resource("pods")
	priorityClassesResource = schedulingv1.Resource("priorityclasses")
)

func (p *plugin) SetExternalKubeInformerFactory(f informers.SharedInformerFactory) {
	informer := f.Scheduling().V1().PriorityClasses()
	p.lister = informer.Lister()
	p.SetReadyFunc(informer.Informer().HasSynced)
}

func (p *plugin) ValidateInitialization() error {
	if p.lister == nil {
		return errors.New("missing lister")
	}
	return nil
}

// Admit resolves the priority of new pods and keeps it on updates, whose bodies may omit it.
func (p *plugin) Admit(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	op := a.GetOperation()
	if a.GetSubresource() != "" || a.GetResource().GroupResource() != podsResource || (op != admission.Create && op != admission.Update) {
		return nil
	}
	pod, ok := a.GetObject().(*corev1.Pod)
	if !ok {
		return apierrors.NewBadRequest("resource was marked with kind Pod but was unable to be converted")
	}
	if op == admission.Create {
		return p.resolve(a, pod)
	}
	old, ok := a.GetOldObject().(*corev1.Pod)
	if !ok {
		return apierrors.NewBadRequest("resource was marked with kind Pod but was unable to be converted")
	}
	if pod.Spec.Priority == nil {
		pod.Spec.Priority = old.Spec.Priority
	}
	if pod.Spec.PreemptionPolicy == nil {
		pod.Spec.PreemptionPolicy = old.Spec.PreemptionPolicy
	}
	return nil
}

func (p *plugin) resolve(a admission.Attributes, pod *corev1.Pod) error {
	var priority int32
	var policy *corev1.PreemptionPolicy
	if pod.Spec.PriorityClassName == "" {
		class, err := p.globalDefault()
		if err != nil {
			return fmt.Errorf("failed to get default priority class: %v", err)
		}
		if class != nil {
			pod.Spec.PriorityClassName, priority, policy = class.Name, class.Value, class.PreemptionPolicy
		} else {
			lower := corev1.PreemptLowerPriority
			policy = &lower
		}
	} else {
		class, err := p.lister.Get(pod.Spec.PriorityClassName)
		if apierrors.IsNotFound(err) {
			return podadmission.Forbidden(a, "no PriorityClass with name %v was found", pod.Spec.PriorityClassName)
		}
		if err != nil {
			return fmt.Errorf("failed to get PriorityClass with name %s: %v", pod.Spec.PriorityClassName, err)
		}
		priority, policy = class.Value, class.PreemptionPolicy
	}
	if pod.Spec.Priority != nil && *pod.Spec.Priority != priority {
		return podadmission.Forbidden(a, "the integer value of priority (%d) must not be provided in pod spec; priority admission controller computed %d from the given PriorityClass name", *pod.Spec.Priority, priority)
	}
	pod.Spec.Priority = &priority
	if policy != nil {
		if pod.Spec.PreemptionPolicy != nil && *pod.Spec.PreemptionPolicy != *policy {
			return podadmission.Forbidden(a, "the string value of PreemptionPolicy (%s) must not be provided in pod spec; priority admission controller computed %s from the given PriorityClass name", *pod.Spec.PreemptionPolicy, *policy)
		}
		policy := *policy
		pod.Spec.PreemptionPolicy = &policy
	}
	return nil
}

// Validate refuses a second global default PriorityClass.
func (p *plugin) Validate(_ context.Context, a admission.Attributes, _ admission.ObjectInterfaces) error {
	if a.GetSubresource() != "" || a.GetResource().GroupResource() != priorityClassesResource {
		return nil
	}
	if op := a.GetOperation(); op != admission.Create && op != admission.Update {
		return nil
	}
	class, ok := a.GetObject().(*schedulingv1.PriorityClass)
	if !ok {
		return apierrors.NewBadRequest("resource was marked with kind PriorityClass but was unable to be converted")
	}
	if !class.GlobalDefault {
		return nil
	}
	current, err := p.globalDefault()
	if err != nil {
		return fmt.Errorf("failed to get default priority class: %v", err)
	}
	if current != nil && (a.GetOperation() == admission.Create || current.Name != class.Name) {
		return podadmission.Forbidden(a, "PriorityClass %v is already marked as default. Only one default can exist", current.Name)
	}
	return nil
}

// globalDefault returns the global default PriorityClass, or nil; of several, which a race can
// create, the one with the lowest value.
func (p *plugin) globalDefault() (*schedulingv1.PriorityClass, error) {
	classes, err := p.lister.List(labels.Everything())
	if err != nil {
		return nil, err
	}
	var found *schedulingv1.PriorityClass
	for _, c := range classes {
		if c.GlobalDefault && (found == nil || c.Value < found.Value) {
			found = c
		}
	}
	return found, nil
}
