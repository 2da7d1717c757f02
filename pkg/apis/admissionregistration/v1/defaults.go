/*
Copyright The kapi Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package v1

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// SetDefaults_ValidatingWebhook makes an unconfigured webhook fail closed, match equivalent
// versions of its resources, select every namespace and object, and wait 10 seconds.
func SetDefaults_ValidatingWebhook(obj *admissionregistrationv1.ValidatingWebhook) {
	defaultWebhook(&obj.FailurePolicy, &obj.MatchPolicy, &obj.NamespaceSelector, &obj.ObjectSelector, &obj.TimeoutSeconds)
}

// SetDefaults_MutatingWebhook defaults a mutating webhook as a validating one, and calls it once.
func SetDefaults_MutatingWebhook(obj *admissionregistrationv1.MutatingWebhook) {
	defaultWebhook(&obj.FailurePolicy, &obj.MatchPolicy, &obj.NamespaceSelector, &obj.ObjectSelector, &obj.TimeoutSeconds)
	if obj.ReinvocationPolicy == nil {
		obj.ReinvocationPolicy = ptr.To(admissionregistrationv1.NeverReinvocationPolicy)
	}
}

func defaultWebhook(failure **admissionregistrationv1.FailurePolicyType, match **admissionregistrationv1.MatchPolicyType, namespaces, objects **metav1.LabelSelector, timeout **int32) {
	if *failure == nil {
		*failure = ptr.To(admissionregistrationv1.Fail)
	}
	if *match == nil {
		*match = ptr.To(admissionregistrationv1.Equivalent)
	}
	if *namespaces == nil {
		*namespaces = &metav1.LabelSelector{}
	}
	if *objects == nil {
		*objects = &metav1.LabelSelector{}
	}
	if *timeout == nil {
		*timeout = ptr.To[int32](10)
	}
}

// SetDefaults_Rule makes a rule match both cluster-scoped and namespaced resources.
func SetDefaults_Rule(obj *admissionregistrationv1.Rule) {
	if obj.Scope == nil {
		obj.Scope = ptr.To(admissionregistrationv1.AllScopes)
	}
}

// SetDefaults_ServiceReference calls a webhook Service on the HTTPS port.
func SetDefaults_ServiceReference(obj *admissionregistrationv1.ServiceReference) {
	if obj.Port == nil {
		obj.Port = ptr.To[int32](443)
	}
}

// SetDefaults_ValidatingAdmissionPolicySpec makes a policy whose expressions fail reject the request.
func SetDefaults_ValidatingAdmissionPolicySpec(obj *admissionregistrationv1.ValidatingAdmissionPolicySpec) {
	if obj.FailurePolicy == nil {
		obj.FailurePolicy = ptr.To(admissionregistrationv1.Fail)
	}
}

// SetDefaults_MutatingAdmissionPolicySpec makes a policy whose expressions fail reject the request.
func SetDefaults_MutatingAdmissionPolicySpec(obj *admissionregistrationv1.MutatingAdmissionPolicySpec) {
	if obj.FailurePolicy == nil {
		obj.FailurePolicy = ptr.To(admissionregistrationv1.Fail)
	}
}

// SetDefaults_MatchResources makes a policy or binding match equivalent versions of its resources in
// every namespace and of every object.
func SetDefaults_MatchResources(obj *admissionregistrationv1.MatchResources) {
	if obj.MatchPolicy == nil {
		obj.MatchPolicy = ptr.To(admissionregistrationv1.Equivalent)
	}
	if obj.NamespaceSelector == nil {
		obj.NamespaceSelector = &metav1.LabelSelector{}
	}
	if obj.ObjectSelector == nil {
		obj.ObjectSelector = &metav1.LabelSelector{}
	}
}

// SetDefaults_ParamRef denies requests when a binding's parameter resource is missing.
func SetDefaults_ParamRef(obj *admissionregistrationv1.ParamRef) {
	if obj.ParameterNotFoundAction == nil {
		obj.ParameterNotFoundAction = ptr.To(admissionregistrationv1.DenyAction)
	}
}
